"""Static pages (HTML, CSS, ES modules) served by the app; a package only so they install."""
