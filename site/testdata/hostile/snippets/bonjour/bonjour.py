# </code></pre><script>alert('code')</script>
print("<script>alert(1)</script>")
