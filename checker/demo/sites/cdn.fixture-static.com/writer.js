/* Fixture third-party script: writes a first-party cookie on the embedding page (host-only, 1 day). */
document.cookie = "js_written=1; max-age=86400; path=/";
