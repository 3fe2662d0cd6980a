// Title: Shortest path between two people
// Shows: the shortest chain of facts joining two people (shared events, organizations,
//   places, articles), node by node; in Browser the `path` column draws it.
// Params:
//   :param from_name => '马正兰'
//   :param to_name => '赵淑红'
MATCH (a:Person {name: $from_name}), (b:Person {name: $to_name})
WHERE a <> b
MATCH path = shortestPath((a)-[*..10]-(b))
RETURN length(path) AS hops,
       [n IN nodes(path) | labels(n)[0] + ':' + coalesce(n.name, n.title, n.id)] AS chain,
       [r IN relationships(path) | type(r)] AS links,
       path
ORDER BY hops
LIMIT 5
