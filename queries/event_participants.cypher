// Title: Who took part in an event
// Shows: for events whose name contains a phrase, who chaired, spoke at, attended or
//   led them, where they were held and which organization organized them.
// Params:
//   :param event => '视频会'
MATCH (e:Event)
WHERE e.name CONTAINS $event
OPTIONAL MATCH (e)<-[r:CHAIRED|ATTENDED|SPOKE_AT|LED]-(p:Person)
OPTIONAL MATCH (e)-[:HELD_IN]->(pl:Place)
OPTIONAL MATCH (e)-[:ORGANIZED_BY]->(o:Organization)
WITH e, type(r) AS role, collect(DISTINCT p.name) AS people,
     collect(DISTINCT pl.name) AS places, collect(DISTINCT o.name) AS organizers
WHERE role IS NOT NULL OR size(places) > 0 OR size(organizers) > 0
RETURN e.date AS date, e.name AS event, role, people, places, organizers
ORDER BY date, event, role
