"""The benchmark's floor: a page with the base layout and no query, at /_bench/floor.

The app registers it only when its configuration asks for it (BENCH_FLOOR=1, which bench/serve.py
and bench/queries.py set); anywhere else the path does not exist.
"""

from flask import Blueprint, render_template

bp = Blueprint("bench", __name__)


@bp.route("/_bench/floor")
def floor():
    return render_template("bench/floor.html")
