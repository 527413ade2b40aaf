"""How large a request may be: MAX_CONTENT_LENGTH for every form, a larger limit for file uploads.

Every route answers 413 (templates/errors/413.html) to a body over MAX_CONTENT_LENGTH (1 MiB by
default: the largest form filled to every field's limit with å, ä and ö is about 0.7 MB). A
route that receives files opts in to UPLOAD_MAX_CONTENT_LENGTH (20 MiB by default):

    @bp.route("/participations/<int:participation_id>/files", methods=["POST"])
    @accepts_upload
    @login_required
    def upload(participation_id): ...

`accepts_upload` goes directly under the route, so that it marks the function the route calls.
The limit is raised before any request hook reads the body (the CSRF check reads the form), which
is why it is not set inside the view.
"""

from flask import current_app, request


def accepts_upload(view):
    """Mark a view whose requests may carry files up to UPLOAD_MAX_CONTENT_LENGTH."""
    view.accepts_upload = True
    return view


def raise_limit_for_uploads():
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "accepts_upload", False):
        request.max_content_length = current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]


def install(app):
    """Register the hook first of all, before CSRFProtect's, which reads the body."""
    app.before_request(raise_limit_for_uploads)
