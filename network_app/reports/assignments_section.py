"""The learning example's section on the agreed assignments: what the group took on at the
meetings and what came of it (one call in builder.write_learning_example)."""

from network_app.i18n import gettext as _


def write_assignments(w, example, level):
    w.heading(_("Uppdrag mellan mötena"), level)
    if not example.assignments:
        w.text(_("Inget uppdrag är registrerat."))
        return
    w.table(
        [_("Uppdrag"), _("Överenskommet vid"), _("Status"), _("Vad det gav")],
        [[a.title, a.agreed_at or "–", a.status, a.report or "–"] for a in example.assignments],
        widths=[4.5, 3.5, 2.5, 5.5],
    )
