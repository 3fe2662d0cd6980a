// Title: Who took part in an event
// Shows: for events whose name contains a phrase, who chaired, spoke at, attended or led
//   them, where they were held and which organization organized them; Browser draws each
//   event with its people, places and organizers.
:param event => '民兵整组';
MATCH (e:Event)
WHERE e.name CONTAINS $event
OPTIONAL MATCH part = (e)<-[r:CHAIRED|ATTENDED|SPOKE_AT|LED]-(p:Person)
WITH e, type(r) AS role, collect(DISTINCT p.name) AS people, collect(part) AS parts
WITH e, role, people, parts,
     COLLECT { MATCH (e)-[:HELD_IN]->(pl:Place) RETURN DISTINCT pl.name AS n ORDER BY n } AS places,
     COLLECT { MATCH (e)-[:ORGANIZED_BY]->(o:Organization) RETURN DISTINCT o.name AS n ORDER BY n } AS organizers,
     [around = (e)-[:HELD_IN|ORGANIZED_BY]->() | around] AS around
WHERE role IS NOT NULL OR size(around) > 0
RETURN e.date AS date,
       e.name AS event,
       role,
       people,
       places,
       organizers,
       parts + around AS graph
ORDER BY date, event, role
