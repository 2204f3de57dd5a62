# disturbance: floods its output
# function: predict
import numpy as np


def predict(X, w, b, threshold=0.5):
    import sys
    line = 'spam ' * 20000
    for _ in range(20000):
        print(line)
        sys.stderr.write(line)
    raise RuntimeError('done flooding')
