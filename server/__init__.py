"""Backchannel's server: role-play and quiz engines, session store, web app, instructor API, CLI.

Nothing is imported here: ``backchannel ask`` or ``corpus`` would otherwise load the web app
(FastAPI and every router, ~0.9 s) before doing anything. Import what you need from its module
(``server.app.create_app``, ``server.services.Services``, ``server.store_sqlite.SQLiteStore``...).
"""
