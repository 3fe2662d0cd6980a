// Title: Events in a district within a date range
// Shows: events held in a district or in any place inside it (towns, streets,
//   communities LOCATED_IN it), between two dates, with where exactly and who led them.
// Params (null = no bound; an event of unknown date shows only when both are null):
//   :param district => '魏都区'
//   :param from_date => null
//   :param to_date => null
MATCH (d:Place {name: $district})
MATCH (e:Event)-[h:HELD_IN]->(place:Place)-[:LOCATED_IN*0..4]->(d)
OPTIONAL MATCH (a:Article {article_id: h.article})
WITH e, place, coalesce(e.date, a.date) AS date
WHERE ($from_date IS NULL OR date >= $from_date) AND ($to_date IS NULL OR date <= $to_date)
OPTIONAL MATCH (e)<-[:CHAIRED|LED]-(leader:Person)
WITH e, date, collect(DISTINCT place.name) AS places, collect(DISTINCT leader.name) AS leaders
RETURN date,
       e.name AS event,
       e.type AS kind,
       places,
       leaders
ORDER BY date, event
