"""Pages of the follow-up, by responsibility: action plan, progress reports, repeat scans."""
