# attack: 8 MB messages at load, on a call, printed and as a warning (s008)
# expect: its result JSON, feedback page, Gradescope file and autograded notebook stay small
import warnings
print('P' * 8_000_000)
def bce_loss(y, p):
    warnings.warn('W' * 8_000_000)
    print('Q' * 8_000_000)
    raise ValueError('E' * 8_000_000)
raise RuntimeError('L' * 8_000_000)
