// Title: Find people, organizations, places, events, projects and articles by name
// Shows: the nodes whose name (or article title) shares most with a text, best match first,
//   from the full-text index `entity_names` (Neo4j's `cjk` analyzer: every two adjacent
//   characters are a term, so 正兰 finds 马正兰 and 市法学会 finds 许昌市法学会; a single
//   character finds nothing). The text is taken as it is: Lucene's operators are escaped.
:param text => '正兰';
:param limit => 20;
WITH reduce(text = toLower($text), special IN ['\\', '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']',
                                              '^', '"', '~', '*', '?', ':', '/'] |
            replace(text, special, '\\' + special)) AS text
WHERE trim(text) <> ''
CALL db.index.fulltext.queryNodes('entity_names', text, {limit: toInteger($limit)})
YIELD node, score
RETURN labels(node)[0] AS kind,
       coalesce(node.name, node.title) AS name,
       round(score, 3) AS score,
       node AS graph
ORDER BY score DESC, name
