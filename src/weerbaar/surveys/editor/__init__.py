"""The questionnaire editor: plain, typed functions on a questionnaire definition.

* :mod:`.operations` — texts, answer options, adding, removing and moving questions and pages;
* :mod:`.conditions` — routing conditions from earlier questions;
* :mod:`.validation` — the YAML import's validator, Dutch refusals, the derived YAML text;
* :mod:`.store` — storing a change of an own copy with version locking (audited);
* :mod:`.preview` — answering the questionnaire as a respondent without storing anything.
"""
