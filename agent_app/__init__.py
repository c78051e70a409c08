"""Đến Từng Nhà: the Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment, or from ``test_config`` in tests."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"),
                static_folder=str(ROOT / "static"), template_folder=str(ROOT / "templates"))
    from . import config

    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # The client's address (login limits), scheme and host as the proxy received them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import store
    from .store.users import active_demo_passwords

    store.init_app(app)
    if app.config["ENV_NAME"] == "production":
        db = store.connect(app.config["DATABASE"])
        try:
            problems = config.production_problems(app.config, active_demo_passwords(db))
        finally:
            db.conn.close()
        if problems:
            raise RuntimeError("Refusing to start in production:\n- " + "\n- ".join(problems))

    from . import (
        auth,
        cli,
        codes,
        commune,
        errors,
        field,
        field_forms,
        formatting,
        home,
        i18n,
        parameters,
        pwa,
        quotes,
        security,
        supervisor,
    )
    from .import_views import bp as import_bp

    formatting.register(app)
    app.jinja_env.globals["codes"] = codes
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    cli.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(field.bp)
    pwa.init_app(app)
    app.register_blueprint(field_forms.bp)
    app.register_blueprint(quotes.bp)
    app.register_blueprint(parameters.bp)
    app.register_blueprint(supervisor.bp)
    app.register_blueprint(import_bp)
    app.register_blueprint(commune.bp)

    from sync import api as sync_api

    sync_api.init_app(app)
    return app
