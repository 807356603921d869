from .feeds import urls as feed_urls
from .spreadsheets import urls as spreadsheet_urls

app_name = "interchange"
urlpatterns = [*feed_urls.urlpatterns, *spreadsheet_urls.urlpatterns]
