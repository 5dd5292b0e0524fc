"""Backchannel's server: role-play and quiz engines, session store, web app, instructor API, CLI."""
