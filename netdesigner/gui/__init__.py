"""netdesigner.gui"""
