"""Text helpers that know nothing of records: folding and 초성 of Korean names, English ordinals,
"did you mean" suggestions, the one compact JSON encoding.
The bottom stage: it uses only the standard library and forumctl.errors."""
