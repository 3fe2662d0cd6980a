// Title: Events in a district within a date range
// Shows: events held in a district or in any place inside it (towns, streets,
//   communities LOCATED_IN it), between two dates, with where exactly and who led them.
// Params:
//   :param district => '魏都区'
//   :param from_date => '1900-01-01'
//   :param to_date => '2999-12-31'
MATCH (d:Place {name: $district})
MATCH (e:Event)-[:HELD_IN]->(place:Place)-[:LOCATED_IN*0..4]->(d)
WHERE coalesce(e.date, '') >= $from_date AND coalesce(e.date, '9999') <= $to_date
OPTIONAL MATCH (e)<-[:CHAIRED|LED]-(leader:Person)
WITH e, collect(DISTINCT place.name) AS places, collect(DISTINCT leader.name) AS leaders
RETURN e.date AS date,
       e.name AS event,
       e.type AS kind,
       places,
       leaders
ORDER BY date, event
