// Title: What is new since a date
// Shows: people, organizations, places, events and projects first reported on or after
//   a date (by the earliest article that mentions them), newest first.
:param since => '2022-01-01';
MATCH (n)
WHERE NOT n:Article AND size(coalesce(n.sources, [])) > 0
MATCH (a:Article)
WHERE a.article_id IN n.sources AND a.date IS NOT NULL
WITH n, min(a.date) AS first_seen, count(a) AS articles
WHERE first_seen >= $since
RETURN first_seen,
       labels(n)[0] AS kind,
       n.name AS name,
       articles
ORDER BY first_seen DESC, kind, name
