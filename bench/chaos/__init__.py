"""The fault run: real processes, real faults, and proof that no acknowledged command was lost.

``python -m bench chaos`` (:mod:`bench.chaos.cli`); the run (:mod:`bench.chaos.run`), the faults
(:mod:`bench.chaos.faults`), its reconnecting clients (:mod:`bench.chaos.client`), what the people
do (:mod:`bench.chaos.work`) and the verdict (:mod:`bench.chaos.check`).
"""
