"""netdesigner.data"""
