"""The triage rules hold nobody's personal data."""

from eenloket.common.personal_data import not_personal

from .models import FollowUpQuestion, TriageRule

not_personal(TriageRule, "a triage rule: phrases, topics, life events")
not_personal(FollowUpQuestion, "a follow-up question the engine can ask")
