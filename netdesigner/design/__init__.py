"""netdesigner.design"""
