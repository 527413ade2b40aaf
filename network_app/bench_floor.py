"""The benchmark's floor: the base layout and no query. A 404 unless BENCH_FLOOR is set."""

from flask import Blueprint, abort, current_app, render_template

bp = Blueprint("bench", __name__)


@bp.route("/_bench/floor")
def floor():
    if not current_app.config["BENCH_FLOOR"]:
        abort(404)
    return render_template("bench/floor.html")
