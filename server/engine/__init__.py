"""The board engine: one board in one process as a synchronous state machine (Sans-I/O).

``board.BoardEngine`` holds the replica, the commands waiting (``commit.py``:
group commit and conflict retries on the writer; ``forwarding.py``: commands
posted to another process's writer), the events waiting for a fan-out
(``fanout.py``: encoded once per audience) and the timer's expiry. It performs
no I/O and reads no clock: the shell (``server.transport.liveboard``) feeds it
inputs with the time and performs its outputs (``outputs.py``) in order. Its
unit tests (``tests/engine``) drive it with no event loop.
"""
