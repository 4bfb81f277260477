"""The domain: films, reviews, ratings, queries and statistics, with no I/O."""
