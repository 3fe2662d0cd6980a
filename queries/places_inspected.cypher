// Title: Places an official inspected
// Shows: the places where an official led an inspection (调研, 检查, 督导 ...), when, and
//   the evidence; the place comes from HELD_IN or, failing that, the event's own place.
// Params:
//   :param name => '马正兰'
MATCH (p:Person {name: $name})-[r:LED]->(e:Event)
WHERE e.type = 'inspection'
OPTIONAL MATCH (e)-[:HELD_IN]->(pl:Place)
WITH e, r, collect(DISTINCT pl.name) AS places
RETURN e.date AS date,
       CASE WHEN size(places) > 0 THEN places
            WHEN e.place IS NOT NULL THEN [e.place] ELSE [] END AS places,
       e.name AS event,
       r.evidence AS evidence
ORDER BY date, event
