"""Import of LimeSurvey surveys: structure files (``.lss``) and response exports (CSV).

* :func:`.services.preview` / :func:`.services.create_questionnaire` — a survey structure
  as an organisation's own questionnaire, with a report of what was changed or left out;
* :func:`.responses.import_responses` — a response export (CSV with answer codes and
  question-code headings) into a survey of such a questionnaire, through the paper import
  (:func:`weerbaar.surveys.imports.import_responses`), so the same checks, anonymity rules
  and audit apply.
"""
