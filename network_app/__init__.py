"""The app factory: configuration, extensions, blueprints, error handlers and commands."""

import logging
import re
from zoneinfo import ZoneInfo

from flask import Flask, has_request_context, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from network_app import i18n, links, private_files, read_transactions, request_limits
from network_app.config import INSTANCE_PATH, PROJECT_ROOT, load_config
from network_app.extensions import babel, csrf, db, limiter, login_manager, migrate


class DatabaseIdConverter(IntegerConverter):
    """An <int:…> that stops at the largest id a database integer holds, so a huge one is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_PATH),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.update(load_config())
    if test_config:
        app.config.update(test_config)
    private_files.private_folder(app.instance_path)
    private_files.private_sqlite_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_commands(app)
    redact_tokens_in_access_log()
    redact_database_values(app)
    return app


def select_locale():
    # Outside a request (the command line, a report built by a script) there is no visitor to
    # ask: the interface's own language.
    if not has_request_context():
        return "sv"
    chosen = session.get("language")
    return chosen if chosen in ("sv", "en") else "sv"


def register_extensions(app):
    from network_app.auth.sessions import load_user
    from network_app.hours import totals  # noqa: F401  # keeps the weekly totals on each flush

    request_limits.install(app)  # before csrf: the CSRF check reads the body
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.install(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # sessions are server-side: see auth.services
    login_manager.user_loader(load_user)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            enable_sqlite_foreign_keys(db.engine)
    read_transactions.install(app)


def enable_sqlite_foreign_keys(engine):
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Readers do not block the writer, and a writer waits instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def import_models():
    """Every package's models, so that metadata and migrations see the whole schema."""
    import network_app.assignments.models
    import network_app.audit
    import network_app.auth.models
    import network_app.cases.models
    import network_app.coaching.models
    import network_app.hours.models
    import network_app.meetings.models
    import network_app.networks.models
    import network_app.notifications.models
    import network_app.recruitment.models
    import network_app.register.models
    import network_app.training.models  # noqa: F401


def register_blueprints(app):
    import_models()
    from network_app.assignments.views import bp as assignments_bp
    from network_app.audit_views import bp as audit_bp
    from network_app.auth.two_factor_views import bp as two_factor_bp
    from network_app.auth.views import bp as auth_bp
    from network_app.cases.views import bp as cases_bp
    from network_app.coaching.views import bp as coaching_bp
    from network_app.dashboards.views import bp as dashboards_bp
    from network_app.hours.views import bp as hours_bp
    from network_app.meetings.calendar_views import bp as calendar_bp
    from network_app.meetings.evaluation_views import bp as evaluations_bp
    from network_app.meetings.material_views import bp as material_bp
    from network_app.meetings.registration_views import bp as registrations_bp
    from network_app.meetings.views import bp as meetings_bp
    from network_app.networks.group_views import bp as groups_bp
    from network_app.networks.views import bp as networks_bp
    from network_app.notifications.views import bp as notifications_bp
    from network_app.privacy.views import bp as privacy_bp
    from network_app.recruitment.public_views import bp as applications_bp
    from network_app.recruitment.views import bp as recruitment_bp
    from network_app.reports.views import bp as reports_bp
    from network_app.training.report_views import bp as training_report_bp
    from network_app.training.views import bp as training_bp

    for blueprint in (
        auth_bp,
        two_factor_bp,
        networks_bp,
        groups_bp,
        meetings_bp,
        registrations_bp,
        evaluations_bp,
        material_bp,
        calendar_bp,
        hours_bp,
        assignments_bp,
        cases_bp,
        coaching_bp,
        dashboards_bp,
        reports_bp,
        audit_bp,
        privacy_bp,
        notifications_bp,
        training_bp,
        training_report_bp,
        recruitment_bp,
        applications_bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["BENCH_FLOOR"]:
        # The benchmark's own page (bench/floor.py), only when the benchmark serves the app.
        from bench.floor import bp as bench_floor_bp

        app.register_blueprint(bench_floor_bp)


def register_errorhandlers(app):
    def render_error(status):
        def handler(error):
            db.session.rollback()
            if status == 403:
                from network_app.audit import record_access_denied

                record_access_denied()
            return render_template(f"errors/{status}.html", error=error), status

        return handler

    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, render_error(status))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        db.session.rollback()
        return render_template("errors/csrf.html", error=error), 400


def register_request_hooks(app):
    from network_app.privacy.names import display_name

    # An erased person's stored marker appears in the reader's language wherever it is printed.
    app.jinja_env.finalize = i18n.printing(display_name)
    app.add_template_filter(display_name)
    app.add_template_global(links.id_link)
    # A global as well as Flask-Login's context value, so that macros see it when imported
    # without the page's context: an import "with context" runs the whole macro file again on
    # every render.
    app.add_template_global(current_user, "current_user")

    @app.context_processor
    def inject_layout_values():
        return {"current_language": select_locale()}

    @app.template_filter("localtime")
    def localtime(moment, zone="Europe/Stockholm"):
        """A UTC timestamp as the wall-clock time people read, in the network's zone."""
        if moment is None:
            return ""
        return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if app.config["PRODUCTION"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # is_anonymous, not is_authenticated: the latter reads the user's row again when a
        # commit in the view (an audit record) has expired it.
        if request.endpoint != "static" and not current_user.is_anonymous:
            # Pages of a signed-in user hold personal data: keep them out of shared caches.
            headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")  # once: a download has added it already
        return response


def register_commands(app):
    from network_app.cli import register

    register(app)


_TOKEN_IN_PATH = re.compile(
    r"(/(?:invitation|calendar/feed|mail/unsubscribe|training/confirm|apply/confirm)/)[^/\s?\"]+"
)


class RedactTokens(logging.Filter):
    """Secret links must never reach a log: replace their token in access-log lines."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = _TOKEN_IN_PATH.sub(r"\1[redacted]", record.msg)
        if record.args:
            record.args = tuple(
                _TOKEN_IN_PATH.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True


def redact_database_values(app):
    from network_app.privacy import log_filters

    log_filters.install(app.logger)


def redact_tokens_in_access_log():
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
