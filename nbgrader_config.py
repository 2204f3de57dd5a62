"""nbgrader's view of the kit: masters in assignments/, student releases in release/."""

import os

c = get_config()

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# Release builds must be reproducible: no timestamps or run outputs in what students get.
c.ClearOutput.enabled = True
c.GenerateAssignment.create_assignment = True
# The autograder cells call the kit's hidden graders; give them time on slow machines.
c.ExecutePreprocessor.timeout = 300

# Formgrader (and nbgrader generate_feedback) render each student's notebook with nbconvert's
# HTMLExporter in a browser. sanitize_html cleans outputs only, and nbgrader's formgrade template
# renders markdown unsanitised, so the markdown filter itself is replaced: nbconvert's markdown, then
# its clean_html. A free-response answer's <script>, event handler or javascript: link shows as text.
c.HTMLExporter.sanitize_html = True


def _clean_markdown(source):
    from markupsafe import Markup
    from nbconvert.filters import clean_html, markdown2html_mistune

    return Markup(clean_html(markdown2html_mistune(source)))


c.HTMLExporter.filters = {"markdown2html": _clean_markdown}
