"""Connecting to Neo4j: settings from the environment, a checked driver, one-line errors.

Shared by the writer (loaders) and the query runner (queries): both need a driver that
has been shown to reach the server, log in and see the database before any work starts,
and errors that say in one line what went wrong, never with the password.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
# The development/test server's password (scripts/neo4j.sh sets it); set NEO4J_PASSWORD
# for any other server.
DEFAULT_PASSWORD = "kgpassword"
DEFAULT_DATABASE = "neo4j"
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jLoadError(RuntimeError):
    """A one-line, password-free description of what went wrong talking to Neo4j."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. `repr` never shows the password."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    database: str = DEFAULT_DATABASE
    # Managed transactions retry transient errors for this long before giving up.
    max_retry_time: float = 30.0
    connection_timeout: float = 10.0

    @classmethod
    def from_env(cls, **overrides: Any) -> Neo4jSettings:
        """NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, then options (None = unset)."""
        env = {
            "uri": os.environ.get("NEO4J_URI"),
            "user": os.environ.get("NEO4J_USER"),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE"),
        }
        values: dict[str, Any] = {k: v for k, v in env.items() if v}
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown Neo4j settings {sorted(unknown)}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "password" not in values:
            # Said, not silent: a default that works only for the project's own dev server.
            log.warning("NEO4J_PASSWORD is not set: using the development server's password "
                        "(scripts/neo4j.sh); set it for any other server")
        return cls(**values)

    def where(self) -> str:
        return f"{self.uri} (database {self.database!r}, user {self.user!r})"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def describe(exc: BaseException, settings: Neo4jSettings) -> str:
    """One line saying what went wrong; never the password."""
    from neo4j import exceptions as ne

    code = getattr(exc, "code", None) or ""
    message = _one_line(str(getattr(exc, "message", None) or exc))
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return (f"Neo4j at {settings.uri} refused user {settings.user!r}: wrong user or password "
                "(set NEO4J_USER / NEO4J_PASSWORD)")
    if code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return f"Neo4j at {settings.uri} locked user {settings.user!r} after too many wrong passwords; wait and retry"
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return f"database {settings.database!r} does not exist on {settings.uri} (set NEO4J_DATABASE)"
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | OSError):
        return (f"cannot reach Neo4j at {settings.uri}: {message or 'no answer'} "
                "(is it running? scripts/neo4j.sh start)")
    if isinstance(exc, ne.ConstraintError) or code.startswith("Neo.ClientError.Schema.ConstraintValidationFailed"):
        return f"constraint violation: {message}"
    if isinstance(exc, ne.ConfigurationError):
        return f"bad Neo4j settings for {settings.uri}: {message}"
    if isinstance(exc, ValueError) and "scheme" in str(exc).lower():
        return f"bad Neo4j URI {settings.uri!r}: {message}"
    return f"Neo4j error at {settings.uri}: {code + ': ' if code else ''}{message}"


@contextmanager
def connect(settings: Neo4jSettings | None = None) -> Iterator[Any]:
    """A driver that has been checked to reach the server, log in and see the database.

    Fails with Neo4jLoadError before any work is done.
    """
    from neo4j import GraphDatabase
    from neo4j import exceptions as ne

    settings = settings or Neo4jSettings.from_env()
    scheme = settings.uri.split("://", 1)[0] if "://" in settings.uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jLoadError(f"bad Neo4j URI {settings.uri!r}: it must start with one of "
                             + ", ".join(f"{s}://" for s in URI_SCHEMES))
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password),
            max_transaction_retry_time=settings.max_retry_time,
            connection_timeout=settings.connection_timeout,
            connection_acquisition_timeout=settings.connection_timeout * 2,
        )
    except (ValueError, ne.ConfigurationError) as exc:
        raise Neo4jLoadError(describe(exc, settings)) from None
    try:
        try:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=settings.database)
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise Neo4jLoadError(describe(exc, settings)) from None
        yield driver
    finally:
        driver.close()


def run_write(driver: Any, settings: Neo4jSettings, work: Callable[[Any], Any], what: str) -> Any:
    """Run `work(tx)` in a managed write transaction (retried on transient errors)."""
    from neo4j import exceptions as ne

    try:
        with driver.session(database=settings.database) as session:
            return session.execute_write(work)
    except (ne.Neo4jError, ne.DriverError, OSError) as exc:
        raise Neo4jLoadError(f"while writing {what}: {describe(exc, settings)}") from None
