// Title: An article's facts with evidence
// Shows: every fact drawn from one article (given by its id or exact title): subject,
//   relation, object, the evidence sentence and the confidence; Browser draws the facts.
:param article => '全市中招考试安全工作视频会召开';
MATCH (a:Article)
WHERE a.article_id = $article OR a.id = $article OR a.title = $article
MATCH fact = (s)-[r]->(o)
WHERE r.article = a.article_id AND NOT type(r) IN ['MENTIONED_IN', 'REPORTED']
RETURN a.title AS article,
       labels(s)[0] + ':' + coalesce(s.name, s.id) AS subject,
       type(r) AS relation,
       labels(o)[0] + ':' + coalesce(o.name, o.id) AS object,
       r.title AS title,
       r.evidence AS evidence,
       r.confidence AS confidence,
       fact AS graph
ORDER BY relation, subject, object
