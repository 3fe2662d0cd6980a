// Title: Co-attendance network of an official
// Shows: the people who took part in the same events as the official (in any role: chaired,
//   attended, spoke, led), how many events they shared, and which; Browser draws the network
//   (the official, the events, the others).
:param name => '陈兆明';
MATCH path = (p:Person {name: $name})-[:CHAIRED|ATTENDED|SPOKE_AT|LED]->(e:Event)
             <-[:CHAIRED|ATTENDED|SPOKE_AT|LED]-(other:Person)
WHERE other <> p
WITH other, collect(DISTINCT e) AS events, collect(path) AS graph
RETURN other.name AS person,
       size(events) AS shared_events,
       [e IN events | CASE WHEN e.date IS NULL THEN e.name ELSE e.date + ' ' + e.name END] AS events,
       graph
ORDER BY shared_events DESC, person
