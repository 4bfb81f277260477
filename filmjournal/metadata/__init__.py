"""Where film details come from besides the user: the offline catalogue and TMDB."""
