print("opentrail")
