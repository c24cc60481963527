"""People who may write through the web page (``vanthu web``): a name, a role and a password
hash. Hashing is the caller's (vanthu/web/auth.py); this module only stores and reads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, UTCDateTime
from .documents import utcnow

VIEWER, CLERK, ADMIN = "viewer", "clerk", "admin"
ROLES = (VIEWER, CLERK, ADMIN)


class User(Base):
    """A web user. ``role``: viewer (reads), clerk (marks tasks done, uploads), admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    password_hash: str
    created_at: datetime

    @property
    def can_write(self) -> bool:
        return self.role in (CLERK, ADMIN)


class UserExists(ValueError):
    """A user of that name is already stored."""


def _account(u: User) -> Account:
    return Account(u.id, u.username, u.role, u.password_hash, u.created_at)


def add_user(engine: Engine, username: str, password_hash: str, role: str) -> Account:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as session, \
            session.begin():
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise UserExists(username)
        user = User(username=username, password_hash=password_hash, role=role)
        session.add(user)
        session.flush()
        return _account(user)


def get_user(engine: Engine, username: str) -> Account | None:
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        return _account(user) if user is not None else None


def list_users(engine: Engine) -> list[Account]:
    with Session(engine) as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.username))]


def set_password_hash(engine: Engine, username: str, password_hash: str) -> None:
    with Session(engine) as session, session.begin():
        user = session.scalar(select(User).where(User.username == username))
        if user is not None:
            user.password_hash = password_hash


def remove_user(engine: Engine, username: str) -> bool:
    """Whether a user of that name was removed."""
    with Session(engine) as session, session.begin():
        return bool(session.execute(delete(User).where(User.username == username)).rowcount)
