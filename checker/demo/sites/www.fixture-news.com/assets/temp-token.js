/* Fixture: writes temp_token then deletes it 300 ms later (a cookie only a write log can see). */
document.cookie = "temp_token=abc; max-age=3600; path=/";
setTimeout(function () { document.cookie = "temp_token=; max-age=0; path=/"; }, 300);
