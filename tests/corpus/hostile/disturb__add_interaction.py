# disturbance: leaves child processes running in a new session
# function: add_interaction
import numpy as np


def add_interaction(X):
    import subprocess
    for _ in range(3):
        subprocess.Popen(['sleep', '300'], start_new_session=True)
    import os
    if os.fork() == 0:
        os.setsid()
        import time
        time.sleep(300)
    raise RuntimeError('left children behind')
