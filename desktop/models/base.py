"""Declarative base and column types shared by the local store's entities."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, DateTime, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, QueryableAttribute
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

T = TypeVar("T")

# Stable constraint names so that Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; SQLite has no time zones, so naive values are refused on the way in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every entity of the local store."""

    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """The wall clock in UTC; only services call it, never rules."""
    return datetime.now(UTC)


def unindexed(column: QueryableAttribute[T]) -> ColumnElement[T]:
    """`+column`: SQLite's way to say a condition must not choose the index (its documented idiom).

    The store has no statistics (no ANALYZE): between an equality on one index (a status nearly every row has) and
    a range on another (a few days), SQLite takes the equality's, and reads nearly every row."""
    element = column.expression
    return UnaryExpression(element, operator=custom_op("+"), type_=element.type)
