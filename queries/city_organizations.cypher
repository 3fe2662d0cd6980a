// Title: The organizations of a city, by kind
// Shows: organizations named after a city (许昌市委组织部 for 许昌市) or located in it,
//   grouped by kind (party, government, company, school ...), with how many articles
//   mention each.
:param city => '许昌市';
WITH $city AS city,
     CASE WHEN $city ENDS WITH '市' THEN left($city, size($city) - 1) ELSE $city END AS stem
MATCH (o:Organization)
WHERE o.name STARTS WITH stem OR o.city = city
   OR EXISTS { (o)-[:LOCATED_IN*1..4]->(:Place {name: city}) }
WITH coalesce(o.kind, 'other') AS kind, o
ORDER BY o.name
RETURN kind,
       count(o) AS organizations,
       collect(o.name + ' (' + toString(size(coalesce(o.sources, []))) + ')') AS names_and_articles
ORDER BY organizations DESC, kind
