"""Backchannel's server: role-play and quiz engines, session store, web app, instructor API, CLI."""

from server.app import create_app
from server.errors import BackchannelError, ConfigError, NotFound, ProtocolError
from server.protocol import PROTOCOL_VERSION
from server.quiz import QuizEngine
from server.roleplay import RoleplayEngine
from server.services import Services
from server.store import Store
from server.store_sqlite import SQLiteStore

__all__ = [
    "PROTOCOL_VERSION",
    "BackchannelError",
    "ConfigError",
    "NotFound",
    "ProtocolError",
    "QuizEngine",
    "RoleplayEngine",
    "SQLiteStore",
    "Services",
    "Store",
    "create_app",
]
