"""Hidden graders: one pytest file per part, one ``@check`` per thing a student can get wrong."""
