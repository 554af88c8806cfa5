"""Self-checking exercises for the lessons: one module per notebook (``lesson01`` for notebook 01, ...).

A lesson's exercise cell looks like this, and runs as saved even before the learner answers:

    answer = ...            # replace ... with your answer
    ex.check_weighted_sum(answer)

and the check prints "not attempted yet", "correct", or a specific hint. Nothing is stored anywhere:
the checks only look at what they are given.
"""
