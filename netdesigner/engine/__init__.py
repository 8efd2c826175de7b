"""netdesigner.engine"""
