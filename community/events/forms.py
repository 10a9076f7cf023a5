"""Forms of the events pages (Flask-WTF: every form carries a CSRF token). The services
check everything again (``services._validate``), so the forms stay loose and the messages
come from one place."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

KIND_LABELS = {
    "masterclass": _l("Masterclass"),
    "workshop": _l("Workshop"),
    "awareness": _l("Awareness session"),
    "network": _l("Network meeting"),
}
FORMAT_LABELS = {
    "online": _l("Online"),
    "in_person": _l("In person"),
    "hybrid": _l("Hybrid (online and in person)"),
}
STATUS_LABELS = {
    "registered": _l("Registered"),
    "waitlisted": _l("On the waitlist"),
    "cancelled": _l("Cancelled"),
}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Financiering voor groei"))
    kind = SelectField(_l("Kind of event"), choices=list(KIND_LABELS.items()),
                       validators=[InputRequired()])
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(), Length(max=20_000)],
        description=_l("Markdown: **bold**, *italic*, lists and links. What will "
                       "participants learn, and for whom is it?"))
    format = SelectField(_l("Format"), choices=list(FORMAT_LABELS.items()),
                         validators=[InputRequired()])
    address = StringField(_l("Address of the venue"), validators=[Optional(), Length(max=300)],
                          description=_l("Required for in-person and hybrid events."))
    conference_url = StringField(
        _l("Video link (Jitsi or BigBlueButton)"), validators=[Optional(), Length(max=500)],
        description=_l("An https link to the conference room, for online and hybrid events."))
    starts_at = DateTimeLocalField(_l("Starts at"), format=DATETIME_FORMATS,
                                   validators=[InputRequired()],
                                   description=_l("Dutch time (Europe/Amsterdam)."))
    ends_at = DateTimeLocalField(_l("Ends at"), format=DATETIME_FORMATS,
                                 validators=[InputRequired()])
    registration_deadline = DateTimeLocalField(
        _l("Registration deadline"), format=DATETIME_FORMATS, validators=[Optional()],
        description=_l("Empty: registration is open until the start."))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=0)],
                            description=_l("Number of places. Empty: unlimited. When the "
                                           "event is full, people join the waitlist."))
    requires_subscription = BooleanField(_l("Only for companies with a subscription"))
    presenters = SelectMultipleField(_l("Presenters"), coerce=int, validators=[Optional()],
                                     description=_l("Hold Ctrl (or Cmd) to choose several."))


class CancelEventForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to everyone registered)"),
                           validators=[Optional(), Length(max=500)])
