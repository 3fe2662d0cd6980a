// Title: Co-attendance network of an official
// Shows: the people who took part in the same events as the official (in any role:
//   chaired, attended, spoke, led), how many events they shared, and which.
//   In Browser, return the paths instead of the table to draw the network:
//   MATCH path = (p:Person {name: $name})-[]->(:Event)<-[]-(:Person) RETURN path
// Params:
//   :param name => '马正兰'
MATCH (p:Person {name: $name})-[:CHAIRED|ATTENDED|SPOKE_AT|LED]->(e:Event)
      <-[:CHAIRED|ATTENDED|SPOKE_AT|LED]-(other:Person)
WHERE other <> p
WITH other, collect(DISTINCT e) AS events
RETURN other.name AS person,
       size(events) AS shared_events,
       [e IN events | coalesce(e.date, '') + ' ' + e.name] AS events
ORDER BY shared_events DESC, person
