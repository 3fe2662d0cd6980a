"""The Neo4j Browser guide the project's server opens on connect, made from the library.

    python -m kg.queries.guide        # rewrites queries/guide.html

scripts/neo4j.sh serves queries/guide.html at /browser/kg/guide.html and
`browser.post_connect_cmd` opens it (`:guide <url>`). Each query of queries/ gets a slide
with two blocks a click puts into Browser's editor: `:params {…}` with the file's defaults,
then the query. The guide is written from the .cypher files, so a test can check that the
file in the repository is what this module makes from them.
"""
from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from kg.graph.schema import NODE_LABELS, REL_TYPES
from kg.queries.runner import QUERY_DIR, Query, cypher_text, list_queries

GUIDE = QUERY_DIR / "guide.html"

TITLE = "kg: the news graph"

# The order a newcomer meets the library in; a file not named here comes after these.
ORDER = ("search", "person_timeline", "co_attendance", "person_positions", "places_inspected",
         "shortest_path", "event_participants", "chaired_meetings", "district_events",
         "district_partners", "organization_people", "city_organizations", "article_facts",
         "most_active_officials", "new_since")

OVERVIEW = """\
<slide>
<h3>The news graph</h3>
<p>People, organizations, places, events and projects read from Chinese city newspapers by
<code>kg</code>. Every relationship carries its <code>evidence</code> (the sentence it comes
from), its <code>article</code> and a <code>confidence</code>.</p>
<p>Nodes: {labels}.</p>
<p>Relationships: {types}.</p>
<p>Click a grey block to put it into the editor, then run it (Ctrl+Enter). The picture of the
model:</p>
<pre class="code runnable">CALL db.schema.visualization()</pre>
<p>How much of each:</p>
<pre class="code runnable">MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC</pre>
<p>The next slides are the project's query library (<code>queries/*.cypher</code>, also
<code>kg query NAME</code>): first the parameters, then the query.</p>
</slide>
"""

SLIDE = """\
<slide>
<h3>{title}</h3>
<p>{shows}</p>
{steps}
<p>The same as a file to paste whole: <code>queries/{name}.cypher</code>.</p>
</slide>
"""


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def ordered(queries: list[Query]) -> list[Query]:
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(queries, key=lambda q: (rank.get(q.name, len(ORDER)), q.name))


def params_command(query: Query) -> str:
    """One `:params {…}` Browser command setting every parameter of the query to its default."""
    return ":params {" + ", ".join(f"{key}: {cypher_text(value)}" for key, value in query.params) + "}"


def slide(query: Query) -> str:
    code = '<pre class="code runnable">{}</pre>'
    if query.params:
        steps = ("<p>1. Set the parameters (change the values to ask about something else):</p>\n"
                 + code.format(escape(params_command(query))) + "\n<p>2. Run the query:</p>\n")
    else:
        steps = "<p>Run the query:</p>\n"
    steps += code.format(escape(query.cypher))
    shows = query.shows[:1].upper() + query.shows[1:]
    return SLIDE.format(title=escape(query.title), shows=escape(shows), steps=steps,
                        name=escape(query.name))


def render(queries: list[Query] | None = None) -> str:
    """The guide's HTML: an overview slide, then one slide per query."""
    queries = ordered(list_queries() if queries is None else queries)
    head = f"<title>{escape(TITLE)}</title>\n"
    overview = OVERVIEW.format(labels=", ".join(f"<code>{label}</code>" for label in sorted(NODE_LABELS)),
                               types=", ".join(f"<code>{rel}</code>" for rel in sorted(REL_TYPES)))
    return head + overview + "".join(slide(query) for query in queries)


def write(path: Path = GUIDE) -> Path:
    """Write the guide (a temporary file renamed over it: never half a guide)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".guide-", suffix=".html")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(render())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


if __name__ == "__main__":
    print(write())
