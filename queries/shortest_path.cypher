// Title: Shortest path between two people
// Shows: the shortest chain of facts joining two people (shared events, organizations,
//   places), node by node; Browser draws the path. Articles join almost everyone
//   (MENTIONED_IN, REPORTED), so paths go through them only when via_articles is true.
:param from_name => '王堃';
:param to_name => '刘涛';
:param via_articles => false;
MATCH (a:Person {name: $from_name})
MATCH (b:Person {name: $to_name})
WHERE a <> b
MATCH graph = shortestPath((a)-[*..10]-(b))
WHERE all(r IN relationships(graph) WHERE $via_articles OR NOT type(r) IN ['MENTIONED_IN', 'REPORTED'])
RETURN length(graph) AS hops,
       [n IN nodes(graph) | labels(n)[0] + ':' + coalesce(n.name, n.title, n.id)] AS chain,
       [r IN relationships(graph) | type(r)] AS links,
       graph
ORDER BY hops
LIMIT 5
