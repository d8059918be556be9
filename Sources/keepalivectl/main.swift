print("keepalivectl")
