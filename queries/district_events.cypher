// Title: Events in a district within a date range
// Shows: events held in a district or in a place inside it (towns, streets, communities
//   LOCATED_IN it, or named under it: 魏都区西关街道… is in 魏都区), between two dates, with
//   where exactly and who led them; Browser draws the events, places and leaders.
// Dates: null = no bound; an event of unknown date shows only when both bounds are null.
:param district => '魏都区';
:param from_date => null;
:param to_date => null;
MATCH held = (e:Event)-[h:HELD_IN]->(place:Place)
WHERE place.name STARTS WITH $district
   OR EXISTS { (place)-[:LOCATED_IN*1..4]->(:Place {name: $district}) }
OPTIONAL MATCH (a:Article {article_id: h.article})
WITH e, place, held, coalesce(e.date, a.date) AS date
WHERE ($from_date IS NULL OR date >= $from_date) AND ($to_date IS NULL OR date <= $to_date)
WITH e, date, collect(DISTINCT place.name) AS places, collect(held) AS held
RETURN date,
       e.name AS event,
       e.type AS kind,
       places,
       COLLECT { MATCH (e)<-[:CHAIRED|LED]-(p:Person) RETURN DISTINCT p.name AS n ORDER BY n } AS leaders,
       held + [lead = (e)<-[:CHAIRED|LED]-(:Person) | lead] AS graph
ORDER BY date, event
