// Title: Places an official inspected
// Shows: the places where an official led an inspection (调研, 检查, 督导 ...), when, and the
//   evidence; the place comes from HELD_IN or, failing that, the event's own place. Browser
//   draws the official, the inspections and the places.
:param name => '陈兆明';
MATCH led = (p:Person {name: $name})-[r:LED]->(e:Event)
WHERE e.type = 'inspection'
OPTIONAL MATCH held = (e)-[:HELD_IN]->(pl:Place)
WITH e, r, led, collect(DISTINCT pl.name) AS places, collect(held) AS held
RETURN e.date AS date,
       CASE WHEN size(places) > 0 THEN places
            WHEN e.place IS NOT NULL THEN [e.place] ELSE [] END AS places,
       e.name AS event,
       r.evidence AS evidence,
       [led] + held AS graph
ORDER BY date, event
