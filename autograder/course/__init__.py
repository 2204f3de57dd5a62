"""The course workflow around nbgrader: release, collect, a class graded in batch,
the gradebook, grades and feedback. It calls the engine; the engine never calls it."""
